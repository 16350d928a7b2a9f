"""The Streamlit UI: the only package (with app.py) that imports streamlit."""
