/**
 * The room's lazy chunk (livekit-client, components-react and the call UI). Links to the room call this on hover
 * and focus, so the chunk is usually in the cache by the time the setup page opens.
 */
export const loadRoomPage = () => import('./RoomPage')

export function preloadRoomPage(): void {
  void loadRoomPage()
}
