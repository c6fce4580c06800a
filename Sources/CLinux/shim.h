#ifndef GERBANG_CLINUX_SHIM_H
#define GERBANG_CLINUX_SHIM_H

// Linux calls that Swift's Glibc module does not expose: <sys/epoll.h>,
// <sys/eventfd.h>, accept4 (a GNU extension hidden without _GNU_SOURCE), prctl.
// struct epoll_event is packed on x86_64, which Swift does not lay out
// reliably, so these helpers take and return plain values instead.

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <signal.h>

// glibc's own declaration (sys/socket.h declares it only under _GNU_SOURCE).
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

static inline int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

// prctl is variadic, which Swift cannot call: the one use, a process that dies with its parent.
static inline int clinux_die_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGKILL); }

static const uint32_t cepoll_in = EPOLLIN;
static const uint32_t cepoll_out = EPOLLOUT;
static const uint32_t cepoll_err = EPOLLERR;
static const uint32_t cepoll_hup = EPOLLHUP;
static const uint32_t cepoll_rdhup = EPOLLRDHUP;

static inline int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int cepoll_control(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = 0;
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline int cepoll_add(int epfd, int fd, uint32_t events) { return cepoll_control(epfd, EPOLL_CTL_ADD, fd, events); }
static inline int cepoll_modify(int epfd, int fd, uint32_t events) { return cepoll_control(epfd, EPOLL_CTL_MOD, fd, events); }
static inline int cepoll_remove(int epfd, int fd) { return cepoll_control(epfd, EPOLL_CTL_DEL, fd, 0); }

/// Waits for up to `capacity` (at most 256) events; writes each one's descriptor and event bits.
static inline int cepoll_wait(int epfd, int32_t *fds, uint32_t *events, int capacity, int timeout_ms) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epfd, ready, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        fds[i] = ready[i].data.fd;
        events[i] = ready[i].events;
    }
    return count;
}

static inline int cepoll_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

#endif
