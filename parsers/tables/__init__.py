"""Table interpreters: from a 专栏 grid to typed records (layout, column roles, one interpreter per kind)."""
