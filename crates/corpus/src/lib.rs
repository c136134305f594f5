//! Benchmark tooling for rollcall (not shipped): the deterministic portfolio generator, used
//! by the `rollcall-corpus` binary and the criterion benches.

pub mod generate;
pub mod rng;
