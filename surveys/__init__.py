"""Reading uploaded survey and ticket files: formats, encodings, column roles."""

from surveys.errors import SurveyError
from surveys.load import Survey, load_survey

__all__ = ["Survey", "SurveyError", "load_survey"]
