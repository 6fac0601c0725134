/// The version of the checker written into shard reports; `verify merge` refuses to
/// merge shards of different versions.
///
/// SwiftPM cannot run `git describe` at build time, so this is a constant: raise it with
/// every change that may change a verdict, an enclosure or the report format (0.14.0:
/// symmetry sectors, degenerate minima, streamed reports). Two builds from different
/// commits with the same constant are treated as the same checker.
public enum CheckerVersion {
    public static let current = "0.14.0"
}
