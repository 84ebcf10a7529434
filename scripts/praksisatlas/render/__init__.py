"""Step 4a of the pipeline: Markdown for the generated pages, as plain strings.

Renderers take catalog objects and return Markdown (with a little HTML through ``md_in_html``);
they know nothing of MkDocs, so they can be golden-tested and reused by another generator.
Links are written as relative links to ``.md`` files so MkDocs checks and rewrites them.
"""
