//! What the flow needs from the machine it runs on, passed in so the core stays pure
//! and tests stay deterministic.

use crate::srp::BigArith;
use crate::Error;

/// Randomness, the clock and big-integer arithmetic.
pub trait Platform {
    /// Fills `out` with cryptographically secure random bytes.
    ///
    /// # Errors
    /// When the platform has no secure random source.
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error>;
    /// Seconds since the Unix epoch, UTC.
    fn unix_time(&self) -> u64;
    /// Big-integer arithmetic for SRP.
    fn arith(&self) -> &dyn BigArith;
}
