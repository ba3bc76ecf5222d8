// The helpers are static inline in include/CScoring.h; SwiftPM needs a source file for the target.
#include "CScoring.h"
