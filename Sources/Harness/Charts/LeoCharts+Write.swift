import Foundation

extension LeoCharts {
    /// `harmonix chart --leo`: scores Leo's transcripts in `directory` (default: the shared data's
    /// `leo/` folder) and writes `leo_scores.csv` and the charts into `output` (created when absent).
    ///
    /// - returns: the CSV path, the files drawn (PNGs, or the `.gp` scripts without gnuplot) and the
    ///   renderer's warnings.
    public static func write(transcriptsIn directory: String?, to output: String) throws
        -> (csv: String, files: [String], warnings: [String])
    {
        let source = directory ?? (DataResolver().sharedData.path as NSString).appendingPathComponent("leo")
        let transcripts = try loadTranscripts(directory: source)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let csv = (output as NSString).appendingPathComponent(scoresFileName)
        try CSVFile.write(header: scoresHeader, rows: scoreRows(transcripts), to: csv)
        let outcome = try GnuplotRenderer().render(scripts(transcripts), in: output)
        return (csv, outcome.images.isEmpty ? outcome.scripts : outcome.images, outcome.warnings)
    }
}
