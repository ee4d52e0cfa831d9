"""PH-Assist: decision support for early detection of pulmonary hypertension.

Research software.  Not a certified medical device.
"""

__version__ = "0.1.0"
