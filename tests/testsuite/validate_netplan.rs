//! Validator tests for netplan (filled in by its author).
