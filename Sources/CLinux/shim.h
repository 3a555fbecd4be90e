#ifndef COMMSWATCH_CLINUX_SHIM_H
#define COMMSWATCH_CLINUX_SHIM_H

/* Linux interfaces that Swift's Glibc module does not cover. */
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

/* Declared only under _GNU_SOURCE, which the Glibc module is built without. */
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int sched_getcpu(void);
extern int sync_file_range(int fd, long long offset, long long nbytes, unsigned int flags);
extern pid_t gettid(void);

/* Makes the calling thread background work: SCHED_BATCH (it does not preempt a thread when it wakes)
   at `niceness`, so the event loops get the CPU first. Best effort: the scheduler may refuse. */
static inline void commswatch_run_as_background(int niceness) {
    struct sched_param parameters = {0};
    sched_setscheduler(gettid(), 3 /* SCHED_BATCH */, &parameters);
    setpriority(PRIO_PROCESS, (id_t)gettid(), niceness);
}

/* sync_file_range flags: start writeback of the range and wait for it, without a device cache flush. */
static const unsigned int commswatch_sync_range_wait_write_wait = 1 | 2 | 4;

#endif
