"""The compliance matrix: the study's baseline, mark rules, cells at risk, state and formats."""
