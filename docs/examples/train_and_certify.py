# Train a student by gradient descent on the closed-form erf loss, save it, certify it.
import numpy as np, subprocess, sys
k, n, verify = int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 4, sys.argv[3] if len(sys.argv) > 3 else "verify"
V, b = np.eye(k), np.ones(k)                            # orthonormal teacher, d = k
def loss_and_gradient(W, a):                            # L = E[(f - f*)^2], erf(z/sqrt 2)
    G, c = np.vstack([W, V]), np.concatenate([a, -b])
    S = G @ G.T; q = 1 + np.diag(S); D = np.sqrt(np.outer(q, q) - S**2)
    K = 2 / np.pi * np.arcsin(S / np.sqrt(np.outer(q, q))); C = np.outer(c, c)
    E = C * 2 / (np.pi * D) + np.diag(2 * (C * -S / (np.pi * q[:, None] * D)).sum(1))
    return c @ K @ c, (2 * E @ G)[:n], 2 * (K @ c)[:n]
rng = np.random.default_rng(1)
W, a = np.eye(n, k) + 0.1 * rng.standard_normal((n, k)), np.ones(n)
for step in range(200000):
    L, gW, ga = loss_and_gradient(W, a)
    if max(abs(gW).max(), abs(ga).max()) < 1e-9: break
    W, a = W - 0.1 * gW, a - 0.1 * ga
print(f"gradient descent: {step} steps, loss {L:.12f}")
np.save("student.npy", np.column_stack([W, a]))       # row i: w_i then a_i
sys.exit(subprocess.run([verify, "certify", "student.npy", "--activation", "erf",
                         "--teacher", f"orthonormal:{k}", "--json", "certificate.json"]).returncode)
