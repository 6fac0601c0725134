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
}
