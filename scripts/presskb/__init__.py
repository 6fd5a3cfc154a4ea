"""presskb: turn raw press material into a cross-linked MkDocs knowledge base."""

__version__ = "0.1.0"
