"""ChurnLens analysis: plain functions on DataFrames, from normalized text to Pareto tables."""
