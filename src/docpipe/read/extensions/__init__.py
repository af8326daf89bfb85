"""docpipe's own Python-Markdown extensions for GitHub's dialect: one file each."""
