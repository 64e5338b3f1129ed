"""Pure parsers for SSI's answers: decoded envelope → DataFrame or vnfin's types. No I/O."""
