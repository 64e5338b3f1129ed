"""Pure JSON → DataFrame parsers, one module per endpoint group. No I/O."""
