"""Exchange: engagement packages (manifest, data as JSON, evidence, checksums, optional encryption),
merging them into a repository and survey workbooks (pure: plain objects in and out)."""
