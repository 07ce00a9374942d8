"""Ranking for the marketplace: matching needs with offers and routing offers to UN entities.

Plain Python (numpy, snowballstemmer), no Django: the marketplace's services build the inputs
from the database and call `MatchIndex` (matching.py) and `Router` (routing.py).
"""
