from . import customer_complaint_reject
from . import customer_complaint_reopen
