"""The story layer: the format, the safe YAML loader with positions, the expression language, the model."""
