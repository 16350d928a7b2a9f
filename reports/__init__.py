"""Reports that travel: saved snapshots behind links, standalone HTML and Excel exports."""
