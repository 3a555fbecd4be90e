#ifndef COMMSWATCH_CLIBPQ_SHIM_H
#define COMMSWATCH_CLIBPQ_SHIM_H

#include <libpq-fe.h>

#endif
