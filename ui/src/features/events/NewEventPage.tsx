//! #/events/new: another show, reachable from the nav at any time.
import { useNavigate } from "react-router";
import { CreateEventForm } from "./CreateEventForm";

export function NewEventPage() {
  const navigate = useNavigate();
  return <CreateEventForm onCreated={() => void navigate("/capture")} />;
}
