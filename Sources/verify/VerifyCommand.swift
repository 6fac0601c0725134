import ArgumentParser

/// `verify`: the certified proof checker's command line.
///
/// Exit codes: 0 every claim PROVED or VERIFIED; 1 some claim REFUTED; 2 some claim
/// INCONCLUSIVE and none refuted; 64 usage error; 65 invalid theorem file (or invalid
/// expression for `eval`); for `eval`, 1 when the expression cannot be evaluated
/// (a domain error such as sqrt of a negative number).
@main
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Certify claims about teacher–student networks with arbitrary-precision interval arithmetic.",
        discussion: """
        verify FILE...            decide every claim of the theorem files (the default subcommand)
        verify eval EXPR          evaluate a closed form to a certified enclosure
        verify certify WEIGHTS    certify the critical point near trained weights (.npy, .npz, .json, .csv)
        verify recheck CERT.json  re-verify a certificate of `verify certify --json` from its stored box
        verify merge SHARD.json...  merge the shard reports of `verify FILE... --shard i/N`

        Exit codes: 0 all claims PROVED or VERIFIED, 1 some REFUTED, 2 some INCONCLUSIVE (none refuted),
        64 usage error, 65 invalid theorem file, 73 a report could not be written.
        """,
        subcommands: [CheckCommand.self, EvalCommand.self, CertifyCommand.self, RecheckCommand.self,
                      MergeCommand.self],
        defaultSubcommand: CheckCommand.self)
}

enum ExitCodes {
    static let refuted: Int32 = 1
    static let inconclusive: Int32 = 2
    static let usage: Int32 = 64
    static let invalidFile: Int32 = 65
    static let cannotWrite: Int32 = 73
}
