from . import portal
from . import portal_proposal
from . import review
from . import report
