"""The project's PO catalogs: strict reading, writing, states and provenance, merging,
counting, compiling, and the one project-wide lock every writer takes."""
