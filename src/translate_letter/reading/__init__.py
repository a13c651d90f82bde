"""The public reading room: published letters as pages and files, served or written."""
