from . import test_complaint_flow
from . import test_complaint_security
from . import test_smart_buttons
