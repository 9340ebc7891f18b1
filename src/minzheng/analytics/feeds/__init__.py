"""Partner departments' files: declared fields, readers, validation, import (D5.2)."""
