import Foundation

/// A sentence for why a file operation on `path` failed, instead of Foundation's
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)", which names neither
/// the file nor the cause.
///
/// ```swift
/// do { try data.write(to: url) } catch { throw MyError.cannotWrite(path: url.path, reason: FileProblem.reason(error, path: url.path)) }
/// ```
public enum FileProblem {
    /// The cause of `error` for `path`: the POSIX cause when Foundation wrapped one, else what the
    /// file system says about the path (missing, a directory, no permission), else the error's text
    /// without Foundation's domain and code.
    public static func reason(_ error: Error, path: String) -> String {
        let ns = error as NSError
        if let posix = posixReason(ns) { return posix }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        switch (ns.domain, ns.code) {
        case (NSCocoaErrorDomain, NSFileReadNoSuchFileError), (NSCocoaErrorDomain, NSFileNoSuchFileError):
            return "no such file"
        case (NSCocoaErrorDomain, NSFileReadInapplicableStringEncodingError):
            return "it is not UTF-8 text"
        case (NSCocoaErrorDomain, NSFileReadNoPermissionError), (NSCocoaErrorDomain, NSFileWriteNoPermissionError):
            return "permission denied"
        case (NSCocoaErrorDomain, NSFileWriteOutOfSpaceError):
            return "no space left on the device"
        case (NSCocoaErrorDomain, NSFileWriteFileExistsError):
            return "something already exists there"
        default:
            break
        }
        if !exists {
            // The nearest ancestor that exists says why: a file where a folder should be, or no permission.
            var ancestor = (path as NSString).deletingLastPathComponent
            while !ancestor.isEmpty, ancestor != "/" {
                var ancestorIsDirectory: ObjCBool = false
                if fm.fileExists(atPath: ancestor, isDirectory: &ancestorIsDirectory) {
                    if !ancestorIsDirectory.boolValue { return "\(ancestor) is a file, not a folder" }
                    if ns.code >= 512, !fm.isWritableFile(atPath: ancestor) { return "permission denied in \(ancestor)" }
                    break
                }
                ancestor = (ancestor as NSString).deletingLastPathComponent
            }
            return "no such file or folder"
        }
        if isDirectory.boolValue, ns.domain == NSCocoaErrorDomain, ns.code < 512 { return "it is a directory, not a file" }
        if ns.domain == NSCocoaErrorDomain, ns.code >= 512, ns.code < 1024, !fm.isWritableFile(atPath: path) {
            return "permission denied"
        }
        if ns.domain == NSCocoaErrorDomain, ns.code < 512, !fm.isReadableFile(atPath: path) { return "permission denied" }
        if ns.domain == NSCocoaErrorDomain { return ns.code >= 512 ? "the file could not be written" : "the file could not be read" }
        return ns.localizedDescription
    }

    /// The POSIX error Foundation wrapped, as strerror's sentence.
    static func posixReason(_ error: NSError) -> String? {
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return posixReason(underlying)
        }
        return nil
    }
}
