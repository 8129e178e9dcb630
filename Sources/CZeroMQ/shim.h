#include <zmq.h>
#include <errno.h>

// errno values as constants: Swift does not import the macros from every libc.
static const int agglm_zmq_EAGAIN = EAGAIN;
static const int agglm_zmq_EINTR = EINTR;
static const int agglm_zmq_ETERM = ETERM;
static const int agglm_zmq_EHOSTUNREACH = EHOSTUNREACH;
