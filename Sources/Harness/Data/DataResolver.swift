import Foundation

/// The one place where data paths are decided, for every command (`run`, `validate`, the
/// single-organism commands, `bench`). Organisms only ever receive explicit paths.
///
/// Order for a ``DataItem`` without an explicit value (issue 16):
/// 1. the explicit manifest or flag value (a missing file is an error, never replaced);
/// 2. the item's variable (`HARMONIX_SONNET_WEIGHTS`, …);
/// 3. `HARMONIX_HOME`, a checkout of the original harmonix project, in its own layout;
/// 4. this repository's `Models/` (models fetched by `scripts/setup.sh`);
/// 5. the shared data folder: `HARMONIX_SHARED_DATA`, else `../shared/data` beside the repository.
///
/// Variables come from the environment, then from the local config file (``LocalConfig``). The
/// home comes from `--harmonix-home`, then `HARMONIX_HOME`. Relative values are taken against the
/// working directory.
///
/// ```swift
/// let weights = try DataResolver().locate(.sonnetWeights).path
/// ```
public struct DataResolver: Sendable {
    public static let homeVariable = "HARMONIX_HOME"
    public static let sharedVariable = "HARMONIX_SHARED_DATA"

    /// Variables: the environment over the local config file.
    public let variables: [String: String]
    /// The harmonix checkout, absolute, and what named it; nil = none.
    public let home: (path: String, origin: String)?
    /// The shared data folder, absolute, and what named it.
    public let sharedData: (path: String, origin: String)
    /// This repository's root (the folder holding Package.swift).
    public let repositoryRoot: String
    /// The local config file that was read, if any.
    public let localConfig: LocalConfig

    /// - parameter home: `--harmonix-home`, which wins over `HARMONIX_HOME`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, home: String? = nil,
                repositoryRoot: String = DataResolver.packageRoot,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.repositoryRoot = repositoryRoot
        let config = LocalConfig.load(environment: environment, repositoryRoot: repositoryRoot)
        localConfig = config
        var merged = config.values
        for (key, value) in environment { merged[key] = value }
        variables = merged
        func absolute(_ path: String) -> String { ManifestPaths.resolve(path, against: workingDirectory) }
        func origin(_ key: String) -> String {
            environment[key].map { _ in "$\(key)" } ?? "\(key) in \(config.path ?? LocalConfig.fileName)"
        }
        if let home, !home.isEmpty {
            self.home = (absolute(home), "--harmonix-home")
        } else if let value = merged[Self.homeVariable], !value.isEmpty {
            self.home = (absolute(value), origin(Self.homeVariable))
        } else {
            self.home = nil
        }
        if let value = merged[Self.sharedVariable], !value.isEmpty {
            sharedData = (absolute(value), origin(Self.sharedVariable))
        } else {
            sharedData = (ManifestPaths.resolve("../shared/data", against: repositoryRoot), "../shared/data")
        }
        self.workingDirectory = workingDirectory
    }

    private let workingDirectory: String

    /// Every place rule 2–5 offer for `item`, in order (paths may not exist).
    public func candidates(_ item: DataItem) -> [DataCandidate] {
        var list: [DataCandidate] = []
        if let value = variables[item.variable], !value.isEmpty {
            list.append(DataCandidate(source: .variable, path: ManifestPaths.resolve(value, against: workingDirectory),
                                      rule: "$\(item.variable)"))
        } else {
            list.append(DataCandidate(source: .variable, path: nil, rule: "$\(item.variable)"))
        }
        if let relative = item.homePath {
            if let home {
                list.append(DataCandidate(source: .home, path: (home.path as NSString).appendingPathComponent(relative),
                                          rule: "harmonix checkout from \(home.origin)"))
            } else {
                list.append(DataCandidate(source: .home, path: nil,
                                          rule: "HARMONIX_HOME/\(relative) (--harmonix-home or $HARMONIX_HOME)"))
            }
        }
        if let relative = item.repositoryPath {
            list.append(DataCandidate(source: .repository, path: (repositoryRoot as NSString).appendingPathComponent(relative),
                                      rule: "this repository"))
        }
        if let relative = item.sharedPath {
            list.append(DataCandidate(source: .shared, path: (sharedData.path as NSString).appendingPathComponent(relative),
                                      rule: "shared data from \(sharedData.origin)"))
        }
        return list
    }

    /// Where `item` is: `explicit` when given (it must exist), else the first existing candidate.
    ///
    /// - parameter origin: how the explicit value was given, for the message (e.g. `--weights`).
    /// - throws: ``DataError``, listing every place tried.
    public func locate(_ item: DataItem, explicit: String? = nil, origin: String = "an explicit value",
                       fileExists: (String) -> Bool = DataResolver.isFile) throws(DataError) -> DataLocation {
        if let explicit, !explicit.isEmpty {
            let path = ManifestPaths.resolve(explicit, against: workingDirectory)
            guard fileExists(path) else { throw .explicitMissing(item, path: path, origin: origin) }
            return DataLocation(path: path, source: .explicit, rule: origin)
        }
        let tried = candidates(item)
        for candidate in tried {
            guard let path = candidate.path else { continue }
            if fileExists(path) { return DataLocation(path: path, source: candidate.source, rule: candidate.rule) }
            // A variable naming a missing file stops the search: it is an explicit choice too.
            if candidate.source == .variable { throw .explicitMissing(item, path: path, origin: candidate.rule) }
        }
        throw .notFound(item, tried: tried)
    }

    /// A regular file (or a symlink to one) exists at `path`.
    public static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The folder holding Package.swift, from this source file's compile-time location (the binary
    /// is built from the repository it serves), or the working directory when not found.
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }
}
