"""Reading ledger CSV files: rows with their line numbers, validated into ledger values."""
