import CZeroMQ

/// The socket types this package uses.
public enum ZMQSocketType: Sendable {
    case request, reply, dealer, router, pair, push, pull

    var rawValue: Int32 {
        switch self {
        case .request: ZMQ_REQ
        case .reply: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        }
    }
}
