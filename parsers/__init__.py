"""Format readers, document structure and table interpreters: file in, ParsedPlan out."""
