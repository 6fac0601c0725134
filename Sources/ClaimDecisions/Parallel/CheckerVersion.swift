/// The version of the checker written into shard reports; `verify merge` refuses to
/// merge shards of different versions.
///
/// SwiftPM cannot run `git describe` at build time, so this is a constant: raise it
/// (and the change log line in docs/parallel-and-sharded-runs.md) with every change that
/// may change a verdict, an enclosure or the report format. Two builds from different
/// commits with the same constant are treated as the same checker.
public enum CheckerVersion {
    public static let current = "0.13.0"
}
