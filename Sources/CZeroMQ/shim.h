#include <zmq.h>
#include <errno.h>

// errno values as constants: Swift does not import the macros from every libc.
static const int czmq_EAGAIN = EAGAIN;
static const int czmq_EINTR = EINTR;
static const int czmq_ETERM = ETERM;
static const int czmq_EHOSTUNREACH = EHOSTUNREACH;
