//! Validator tests for nm (filled in by its author).
