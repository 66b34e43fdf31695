"""docgen: printable study material from one YAML file per topic."""

__version__ = "0.1.0"
