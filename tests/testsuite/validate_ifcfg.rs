//! Validator tests for ifcfg (filled in by its author).
