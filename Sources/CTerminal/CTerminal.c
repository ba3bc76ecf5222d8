// Everything lives in include/CTerminal.h as static inline functions; SwiftPM needs one C file per C target.
#include "CTerminal.h"
