from . import portal
from . import portal_proposal
from . import read_your_writes
from . import review
from . import report
