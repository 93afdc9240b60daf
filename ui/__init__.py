"""The Streamlit views of Gesprekscoach: widgets and wiring only; logic lives in ``analysis``."""
