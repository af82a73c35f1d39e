"""The only part of otmodel that imports Streamlit: shared widgets and data access for the pages."""
