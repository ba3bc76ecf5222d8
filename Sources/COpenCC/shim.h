// The C API of OpenCC (Debian: libopencc-dev). Its header is plain C when not compiled as C++.
#include <opencc/opencc.h>
