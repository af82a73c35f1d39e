"""otmodel — repenser les services d'un office de tourisme à ses partenaires.

The domain package: importable and testable without Streamlit (only ``otmodel.ui`` imports it).
"""

__version__ = "0.1.0"
