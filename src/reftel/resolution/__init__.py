"""Names and identities: normalization shared by screening and cross-cable resolution."""
