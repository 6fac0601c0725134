/// Pieces of theorem files that several test targets build their inputs from.
public enum TheoremFileFixtures {
    /// `[theorem]` and an erf `[setting]` (orthonormal teacher by default).
    public static let header = "[theorem]\ntitle = \"t\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"
    /// A claim that holds exactly: `1 = 1`.
    public static let goodClaim = "[[claim]]\nname  = \"one\"\nkind  = \"equality\"\nholds = \"1 = 1\"\n"
    /// A copy-average family `ca` over k = 2..4 (with n = 1..k-1).
    public static let copyAverage = """
    [parameters]
    k = "2..4"
    n = "1..k-1"

    [family.ca]
    kind     = "copy-average"
    incoming = "1/sqrt(l*(2*l - 1))"
    outgoing = "l"

    """

    /// The start of a file with erf copy-average claims of the kinds that carry
    /// per-instance evidence, over k = 2..5, n = 1..k-1 (every partition): critical points,
    /// losses Σ L*(ℓ), the minimum over the family. Tests append their own claims.
    public static func copyAverageEveryClaimKind(title: String, source: String) -> String {
        """
        [theorem]
        title  = "\(title)"
        source = "\(source)"

        [setting]
        activation = "erf"
        teacher    = "orthonormal"

        [parameters]
        k = "2..5"
        n = "1..k-1"

        [definitions]
        "c(l)"     = "1/sqrt(l*(2*l - 1))"
        "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

        [family.ca]
        kind       = "copy-average"
        partitions = "all"
        groups     = "n"
        incoming   = "c(l)"
        outgoing   = "l"

        [[claim]]
        name      = "ca-critical"
        kind      = "critical-point"
        family    = "ca"
        tolerance = "1e-30"

        [[claim]]
        name      = "ca-loss"
        kind      = "loss"
        family    = "ca"
        equals    = "sum(Lstar(l) for l in groups)"
        tolerance = "1e-30"

        [[claim]]
        name      = "ca-optimal"
        kind      = "minimum-over-family"
        family    = "ca"
        argmin    = "(k-n+1, 1^(n-1))"
        value     = "Lstar(k-n+1)"
        tolerance = "1e-30"

        """
    }
}
