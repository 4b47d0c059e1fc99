/// Fused, vectorised parameter updates for the optimisers (one pass over parameter, gradient and moments).
public enum UpdateKernels {
    /// Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; p -= stepSize · m / (sqrt(v) · rootScale + eps),
    /// where stepSize = lr / (1 - b1^t) and rootScale = 1 / sqrt(1 - b2^t) carry the bias corrections.
    public static func adam(
        parameter: inout Tensor, gradient: Tensor, m: inout Tensor, v: inout Tensor,
        stepSize: Float, rootScale: Float, beta1: Float, beta2: Float, epsilon: Float
    ) {
        let n = parameter.count
        gradient.withPointer { gp in
            m.withMutablePointer { mp in
                v.withMutablePointer { vp in
                    parameter.withMutablePointer { pp in
                        var i = 0
                        #if DEBUG
                        let vectorEnd = 0  // unoptimised SIMD is slow: debug builds take the scalar loop below
                        #else
                        let vectorEnd = n
                        #endif
                        while i + 8 <= vectorEnd {
                            let g = UnsafeRawPointer(gp + i).loadUnaligned(as: F8.self)
                            let mi = beta1 * UnsafeRawPointer(mp + i).loadUnaligned(as: F8.self) + (1 - beta1) * g
                            let vi = beta2 * UnsafeRawPointer(vp + i).loadUnaligned(as: F8.self) + (1 - beta2) * g * g
                            UnsafeMutableRawPointer(mp + i).storeBytes(of: mi, as: F8.self)
                            UnsafeMutableRawPointer(vp + i).storeBytes(of: vi, as: F8.self)
                            let p =
                                UnsafeRawPointer(pp + i).loadUnaligned(as: F8.self)
                                - stepSize * mi / (FastMath.squareRoot(vi) * rootScale + epsilon)
                            UnsafeMutableRawPointer(pp + i).storeBytes(of: p, as: F8.self)
                            i += 8
                        }
                        while i < n {
                            let g = gp[i]
                            mp[i] = beta1 * mp[i] + (1 - beta1) * g
                            vp[i] = beta2 * vp[i] + (1 - beta2) * g * g
                            pp[i] -= stepSize * mp[i] / (vp[i].squareRoot() * rootScale + epsilon)
                            i += 1
                        }
                    }
                }
            }
        }
    }

    /// SGD with heavy-ball momentum: v = momentum v + g; p -= lr v (plain SGD when momentum is 0).
    public static func sgd(
        parameter: inout Tensor, gradient: Tensor, velocity: inout Tensor, lr: Float, momentum: Float
    ) {
        let n = parameter.count
        gradient.withPointer { gp in
            velocity.withMutablePointer { vp in
                parameter.withMutablePointer { pp in
                    var i = 0
                    while i < n {
                        let l = min(8, n - i)
                        var step = Lanes.load(gp + i, l)
                        if momentum != 0 {
                            step += momentum * Lanes.load(vp + i, l)
                            Lanes.store(step, vp + i, l)
                        }
                        Lanes.store(Lanes.load(pp + i, l) - lr * step, pp + i, l)
                        i += 8
                    }
                }
            }
        }
    }
}
