from . import review
